/** `node -r ./bin/register.js <file>.ts`: run TypeScript through the transpile cache (bin/ts-cache.js). */
require('./ts-cache').register();
