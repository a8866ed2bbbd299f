/**
 * Orders strings by Unicode code point, as Python's sorted() does: Keras numbers classes in that
 * order, so the same folders get the same label indices here and in a Keras run ('B' < 'a' < 'c').
 * localeCompare would put 'a' before 'B'. A plain `<` compares UTF-16 units, which differs from
 * code points only for characters beyond U+FFFF against U+E000..U+FFFF; this handles those too.
 */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}
