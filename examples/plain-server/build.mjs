// `npm run build`: the README's copy step. The bundle, its chunks (Welsh and
// the HTML sanitiser, loaded on demand by relative URL) and the notices of
// the code inside them go to dist/assets/, which the server serves.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dist = dirname(createRequire(import.meta.url).resolve('account-secret-elements/account-secret-elements.min.js'));
const assets = new URL('./dist/assets/', import.meta.url);
rmSync(new URL('./dist/', import.meta.url), { recursive: true, force: true });
mkdirSync(assets, { recursive: true });
for (const file of ['account-secret-elements.min.js', 'chunks', 'THIRD-PARTY-NOTICES.txt']) {
  // The .map files are optional (README): this site leaves them out.
  cpSync(join(dist, file), new URL(file, assets).pathname, {
    recursive: true,
    filter: (source) => !source.endsWith('.map'),
  });
}
console.log('Copied the bundle and its chunks to dist/assets/');
