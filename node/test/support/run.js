'use strict';
// Runs the Node suite as Maven's integration-test phase does: every test/*.test.js, a spec
// report on stdout and a JUnit report at argv[2]; the exit code is the suite's.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(dir, f));
const args = ['--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.argv[2]) {
  fs.mkdirSync(path.dirname(process.argv[2]), { recursive: true });
  args.push('--test-reporter=junit', `--test-reporter-destination=${process.argv[2]}`);
}
const result = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
