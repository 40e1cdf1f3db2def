/** What in an HTML text would make a browser fetch something: the offline check of report files. */
export function fetchableReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|xlink:href|action|poster|data|srcset)\s*=\s*"([^"]*)"/gi)) if (!m[1].startsWith('#')) found.push(m[0]);
  for (const m of html.matchAll(/url\(\s*['"]?([^'")]*)/gi)) if (!m[1].startsWith('#')) found.push(m[0]);
  for (const m of html.matchAll(/@import|<script|<link|<iframe|<img|<object|<embed|<base/gi)) found.push(m[0]);
  return found;
}
