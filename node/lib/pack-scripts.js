'use strict';
// `npm pack` / `npm publish` step: copies the core's Lua files (scripts and include/) into
// node/lua/, so the published package carries exactly the text the Java core ships. In the
// repository the package reads the core's files directly (lib/scripts.js); node/lua/ is
// ignored by git, never edited by hand.

const fs = require('node:fs');
const path = require('node:path');
const { CORE_DIR, PACKED_DIR } = require('./scripts');

fs.rmSync(PACKED_DIR, { recursive: true, force: true });
fs.cpSync(CORE_DIR, PACKED_DIR, { recursive: true, filter: (src) => fs.statSync(src).isDirectory() || src.endsWith('.lua') });
