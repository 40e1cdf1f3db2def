/** A share as a percentage for evidence lines. */

/**
 * One decimal, with more where rounding would claim an exact 0 % or 100 % that is not exact
 * ("99.97%", not "100.0%"): for a leakage check the difference between all and almost all
 * matters.
 */
export function formatShare(share: number): string {
  if (Number.isNaN(share)) return 'n/a';
  for (let digits = 1; digits <= 4; digits++) {
    const text = (share * 100).toFixed(digits);
    const roundsToEnd = (text === (100).toFixed(digits) && share !== 1) || (Number(text) === 0 && share !== 0);
    if (!roundsToEnd) return `${text}%`;
  }
  return share < 0.5 ? '<0.01%' : '>99.99%';
}
