// What the bundle gives axios for the form-data package (scripts/bundle.mjs): Node's own FormData.
export default globalThis.FormData;
