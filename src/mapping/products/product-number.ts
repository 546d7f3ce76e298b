/**
 * Whether a SKU can be a product number in both targets. e-conomic takes 1–25 characters
 * (products.post.schema.json, `productNumber` maxLength 25) and Rackbeat keeps numbers as strings;
 * control characters (a tab or line break pasted into the shop) cannot be typed into either's
 * search and break e-conomic's path encoding of product numbers, so they are refused here.
 */
export const PRODUCT_NUMBER_MAX_LENGTH = 25;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Why `sku` cannot be a product number, with how to fix it; undefined when it can. */
export function productNumberProblem(sku: string): { message: string; hint: string } | undefined {
  if (sku.length > PRODUCT_NUMBER_MAX_LENGTH) {
    return {
      message: `SKU ${sku} has ${sku.length} characters, more than the ${PRODUCT_NUMBER_MAX_LENGTH} an e-conomic product number takes`,
      hint: `shorten the SKU to ${PRODUCT_NUMBER_MAX_LENGTH} characters or fewer in the shop (or in Rackbeat, for a product made there)`,
    };
  }
  if (CONTROL_CHARACTERS.test(sku)) {
    return {
      message: `SKU ${JSON.stringify(sku)} holds a control character (a tab or line break), which product numbers cannot`,
      hint: 'retype the SKU without it in the shop (or in Rackbeat, for a product made there)',
    };
  }
  return undefined;
}
