// Stands in for the `form-data` package in the Lambda bundle. axios (under node-vault) imports it for multipart
// uploads, which Vault's JSON API never uses; leaving it (and the mime database it pulls in) out takes 165 KB and
// ~20 ms off every cold start. An `instanceof` check against this class is simply always false.
module.exports = class FormData {};
