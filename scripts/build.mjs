// `npm run build`: everything `dist/` ships, from a clean folder.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (name, args) => execFileSync(bin(name), args, { stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run('vite', ['build', '--mode', 'lib', '--logLevel', 'warn']);
run('vite', ['build', '--mode', 'bundle', '--logLevel', 'warn']);
run('tsc', ['-p', 'tsconfig.build.json']);
// One definition of the manifest's inputs: the `analyze` script in package.json.
execFileSync('npm', ['run', '--silent', 'analyze'], { stdio: 'inherit' });
console.log('Built dist/ and custom-elements.json');
