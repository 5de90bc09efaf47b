'use strict';
// The Lua scripts, read from the same files the Java core ships and expanded the same way
// (docs/wire-format.md, "Scripts"). There is no copy kept by hand: in the repository the
// files are read from sessionkeeper-core's resources; a packed npm tarball carries the copy
// `npm pack` made from them (lib/pack-scripts.js). The SHA-1 is taken over the expanded text,
// exactly as Java's LuaScript does, so both languages call EVALSHA with the same digest and
// a test (sessionkeeper-node-it's ScriptTextTest) fails when the texts differ.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const CORE_DIR = path.join(__dirname, '..', '..', 'sessionkeeper-core', 'src', 'main', 'resources',
  'dev', 'sessionkeeper', 'lua');
const PACKED_DIR = path.join(__dirname, '..', 'lua');

// The same pattern as Java's LuaScript, `(?m)^-- @include ([a-z_]+)\s*$`. Both engines give
// `^`/`$` the multiline meaning and backtrack `\s*` the same way (a blank line after an
// include loses its newline in both), so the expanded texts are byte-identical; the Java-side
// test compares the digests of every script.
const INCLUDE = /^-- @include ([a-z_]+)\s*$/gm;

function scriptDir() {
  if (process.env.SESSIONKEEPER_LUA_DIR) {
    return process.env.SESSIONKEEPER_LUA_DIR;
  }
  if (fs.existsSync(CORE_DIR)) {
    return CORE_DIR;
  }
  if (fs.existsSync(PACKED_DIR)) {
    return PACKED_DIR;
  }
  throw new Error(`sessionkeeper: no Lua scripts found (looked in ${CORE_DIR} and ${PACKED_DIR})`);
}

function read(dir, file) {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) {
    throw new Error(`sessionkeeper: missing script resource ${p}`);
  }
  return fs.readFileSync(p, 'utf8');
}

/**
 * The text of script `name` in `dir`, its includes (from `dir`/include) expanded by the rules
 * of Java's LuaScript: recursively, each include once at its first use with its own includes
 * before it (Lua sees a local only after its definition), an include already emitted replaced by
 * nothing, a cycle or an unknown include refused with the script's name.
 */
function expand(dir, name) {
  const emitted = new Set();
  const include = (text, chain) => text.replace(INCLUDE, (_, inc) => {
    if (chain.includes(inc)) {
      throw new Error(`sessionkeeper: script '${name}': include cycle ${[name, ...chain, inc].join(' -> ')}`);
    }
    if (emitted.has(inc)) {
      return '';
    }
    emitted.add(inc);
    const p = path.join(dir, 'include', `${inc}.lua`);
    if (!fs.existsSync(p)) {
      const from = chain.length === 0 ? '' : ` (from include '${chain[chain.length - 1]}')`;
      throw new Error(`sessionkeeper: script '${name}' includes unknown '${inc}'${from}: no resource ${p}`);
    }
    return include(fs.readFileSync(p, 'utf8'), [...chain, inc]);
  });
  return include(read(dir, `${name}.lua`), []);
}

const cache = new Map();

/** One operation's script: name, expanded body and the SHA-1 EVALSHA needs. */
function load(name) {
  let script = cache.get(name);
  if (!script) {
    const dir = scriptDir();
    const body = expand(dir, name);
    script = Object.freeze({
      name,
      body,
      sha: crypto.createHash('sha1').update(body, 'utf8').digest('hex'),
    });
    cache.set(name, script);
  }
  return script;
}

module.exports = { load, expand, scriptDir, CORE_DIR, PACKED_DIR };
