/** Makes encoded column names unique. */

/**
 * Names as given, except a repeat gets ` #2`, ` #3`, ...: a category literally called
 * "(other)", or a numeric feature called `industry=software`, must not make two matrix
 * columns share a name.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name} #${n}`;
    used.add(unique);
    return unique;
  });
}
