/**
 * e-conomic's encoding of non-alphanumeric ids (product numbers) in paths and self links
 * (e-conomic REST docs, "Custom resource self-link encoding"): `<`→`_0_`, `>`→`_1_`, `*`→`_2_`,
 * `%`→`_3_`, `:`→`_4_`, `&`→`_5_`, `/`→`_6_`, `\`→`_7_`, `_`→`_8_`, space→`_9_`, `?`→`_10_`,
 * `.`→`_11_`, `#`→`_12_`, `+`→`_13_`; every other character is standard URL-encoded.
 */
const SPECIAL_CHARACTERS = ['<', '>', '*', '%', ':', '&', '/', '\\', '_', ' ', '?', '.', '#', '+'];

export function encodeProductNumber(productNumber: string): string {
  let encoded = '';
  for (const char of productNumber) {
    const index = SPECIAL_CHARACTERS.indexOf(char);
    encoded += index >= 0 ? `_${index}_` : encodeURIComponent(char);
  }
  return encoded;
}

/** The inverse, for a path segment that has already been percent-decoded. */
export function decodeProductNumber(segment: string): string {
  return segment.replace(/_(\d+)_/g, (token, index: string) => SPECIAL_CHARACTERS[Number(index)] ?? token);
}
