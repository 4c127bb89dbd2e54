// Extracts the licence texts of npm spdx-license-list into a git-ignored
// folder for the index builder: one file per licence plus manifest.tsv
// (id, name, url, file). Usage: node gen_license_index.mjs NODE_MODULES OUT_DIR
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [modules, outDir] = process.argv.slice(2);
const require = createRequire(join(modules, 'noop.js'));
const list = require('spdx-license-list/full');
const { version } = JSON.parse(readFileSync(join(modules, 'spdx-license-list', 'package.json'), 'utf8'));
mkdirSync(outDir, { recursive: true });
const rows = ['id\tname\turl\tfile'];
Object.keys(list).sort().forEach((id, i) => {
  const file = `${String(i).padStart(4, '0')}.txt`;
  writeFileSync(join(outDir, file), list[id].licenseText, 'utf8');
  const clean = (s) => String(s ?? '').replace(/[\t\n]/g, ' ');
  rows.push([id, clean(list[id].name), clean(list[id].url), file].join('\t'));
});
writeFileSync(join(outDir, 'manifest.tsv'), rows.join('\n') + '\n');
writeFileSync(join(outDir, 'VERSION'), version);
console.log(`${Object.keys(list).length} SPDX texts from spdx-license-list ${version}`);
