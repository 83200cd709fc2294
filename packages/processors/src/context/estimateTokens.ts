/**
 * Token estimate from characters, as the team's troubleshooting material does it: 4 characters
 * per token for English, 2 when more than 30% of the characters are Japanese. Only an estimate —
 * real counts run 10–20% above it — so results using it are flagged `kensa.context.estimated`.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  return Math.ceil(text.length / (japaneseShare(text) > 0.3 ? 2 : 4));
}

/** Share of characters that are hiragana, katakana, CJK ideographs or full-width forms. */
export function japaneseShare(text: string): number {
  let japanese = 0;
  let counted = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) continue;
    counted++;
    if (
      (c >= 0x3040 && c <= 0x30ff) || // hiragana, katakana
      (c >= 0x3400 && c <= 0x9fff) || // CJK ideographs
      (c >= 0xff00 && c <= 0xffef) || // full-width and half-width forms
      (c >= 0x3000 && c <= 0x303f) // CJK punctuation
    ) {
      japanese++;
    }
  }
  return counted === 0 ? 0 : japanese / counted;
}
