'use strict';
// The include expansion (lib/scripts.js), on the fixture scripts that Java's LuaScriptTest uses
// (sessionkeeper-core/src/test/resources/dev/sessionkeeper/lua-fixtures): both languages must
// expand them, and so the shipped scripts, to the same text.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const scripts = require('../lib/scripts');

const FIXTURES = path.join(__dirname, '..', '..', 'sessionkeeper-core', 'src', 'test', 'resources', 'dev',
  'sessionkeeper', 'lua-fixtures');

const count = (text, part) => text.split(part).length - 1;

describe('include expansion', () => {
  it('expands nested includes recursively, dependencies first', () => {
    assert.equal(scripts.expand(FIXTURES, 'nested'),
      'local function c() return 1 end\n\n'
      + 'local function b() return c() end\n\n'
      + 'local function a() return b() end\n\n'
      + 'return a()\n');
  });

  it('emits the shared include of a diamond once, before both dependents', () => {
    const text = scripts.expand(FIXTURES, 'diamond');
    assert.equal(count(text, 'local function base()'), 1);
    assert.ok(text.indexOf('local function base()') < text.indexOf('local function left()'));
    assert.ok(text.indexOf('local function left()') < text.indexOf('local function right()'));
    assert.ok(!text.includes('@include'));
  });

  it('emits an include named again only at its first use', () => {
    const text = scripts.expand(FIXTURES, 'once');
    assert.equal(count(text, 'local function base()'), 1);
    assert.ok(text.startsWith('local function base()'));
    assert.ok(text.endsWith('return left() + base()\n'));
  });

  it('refuses a cycle, naming the chain', () => {
    assert.throws(() => scripts.expand(FIXTURES, 'cycle'),
      { message: "sessionkeeper: script 'cycle': include cycle cycle -> loop_a -> loop_b -> loop_a" });
  });

  it('refuses an unknown include, naming the script and the includer', () => {
    assert.throws(() => scripts.expand(FIXTURES, 'missing'),
      /^Error: sessionkeeper: script 'missing' includes unknown 'nowhere' \(from include 'broken'\): no resource .*nowhere\.lua$/);
  });

  it('expands every shipped script completely', () => {
    for (const name of ['find', 'save', 'rotate_in', 'sessions_of', 'logout_all', 'expire']) {
      assert.ok(!scripts.load(name).body.includes('@include'), name);
    }
  });
});
