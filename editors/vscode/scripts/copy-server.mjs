// Copies the pyguide server binary into server/ so that `vsce package` bundles it.
// Source: $PYGUIDE_SERVER_BIN, else ../../target/release/pyguide (build it with `cargo build --release`).
// The copy is stripped of debug info when `strip` is available (48 MB -> 9 MB); PYGUIDE_NO_STRIP=1 keeps it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const exe = process.platform === 'win32' ? 'pyguide.exe' : 'pyguide';
const src = resolve(process.env.PYGUIDE_SERVER_BIN || join(here, '..', '..', 'target', 'release', exe));
if (!existsSync(src)) {
  console.error(`copy-server: ${src} does not exist; run \`cargo build --release\` in the repository root first`);
  process.exit(1);
}
const dest = join(here, 'server', exe);
mkdirSync(dirname(dest), { recursive: true });
copyFileSync(src, dest);
chmodSync(dest, 0o755);
let note = '';
if (process.platform === 'linux' && !process.env.PYGUIDE_NO_STRIP) {
  const r = spawnSync('strip', ['--strip-debug', dest], { stdio: 'inherit' });
  note = r.status === 0 ? ' (stripped)' : ' (not stripped: `strip` failed or is missing)';
}
const check = spawnSync(dest, ['--version'], { encoding: 'utf8' });
if (check.status !== 0) {
  console.error(`copy-server: ${dest} --version failed: ${check.error ?? check.stderr}`);
  process.exit(1);
}
const mb = (statSync(dest).size / 1e6).toFixed(1);
console.log(`copy-server: ${src} -> ${dest}${note}, ${mb} MB, ${check.stdout.trim()}`);
