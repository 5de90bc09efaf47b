'use strict';
// Runs scripts by EVALSHA, as Java's ScriptRunner: on NOSCRIPT (after a restart, failover or
// SCRIPT FLUSH) the call is repeated once with EVAL, which also reloads the cache. Every
// failure becomes a SessionKeeperError with a code.

const scripts = require('./scripts');
const { SessionKeeperError, RedisUnavailableError, RedisFullError } = require('./errors');

// Errors by which Redis says "not now" rather than "never".
const UNAVAILABLE = ['LOADING', 'READONLY', 'CLUSTERDOWN', 'TRYAGAIN', 'MASTERDOWN', 'BUSY', 'OOM'];

class ScriptRunner {
  constructor(client, location, commandTimeoutMs) {
    this.client = client;
    this.location = location;
    this.commandTimeoutMs = commandTimeoutMs;
    this.calls = 0;
  }

  /** Runs one contract from contracts.js with its keys and args; resolves to the parsed reply. */
  async run(contract, keys, args) {
    const script = scripts.load(contract.script);
    this.calls++;
    let reply;
    try {
      try {
        reply = await this.client.evalshaBuffer(script.sha, keys.length, ...keys, ...args);
      } catch (e) {
        if (!String(e && e.message).startsWith('NOSCRIPT')) throw e;
        reply = await this.client.evalBuffer(script.body, keys.length, ...keys, ...args);
      }
    } catch (e) {
      throw this.translate(contract.script, e);
    }
    return contract.reply(reply);
  }

  /** Any other command, with the same error translation. */
  async command(operation, promise) {
    try {
      return await promise;
    } catch (e) {
      throw this.translate(operation, e);
    }
  }

  translate(operation, error) {
    if (error instanceof SessionKeeperError) return error;
    const message = String((error && error.message) || error);
    const where = this.location;
    if (message.includes('Command timed out')) {
      return new RedisUnavailableError(`Redis at ${where} did not answer '${operation}' within `
        + `${this.commandTimeoutMs} ms; check Redis load (SLOWLOG, LATENCY) and the network, or raise `
        + 'commandTimeoutMs', error);
    }
    if (error && error.name === 'ReplyError') {
      // Inside a script the refusal arrives wrapped ("ERR Error running script ... -OOM ..." on
      // Redis 6.2, "OOM ... script: ..." on 7), so it is found by its text, as in Java.
      if (message.includes('OOM command not allowed')) {
        return new RedisFullError(`Redis at ${where} is full: it refused '${operation}' because its memory reached `
          + 'maxmemory (policy noeviction); nothing was written. Free memory or raise maxmemory; reading sessions goes '
          + 'on working meanwhile', error);
      }
      if (UNAVAILABLE.some((code) => message === code || message.startsWith(`${code} `))) {
        return new RedisUnavailableError(`Redis at ${where} refused '${operation}' for now: ${message}`, error);
      }
      if (/^(NOAUTH|WRONGPASS|NOPERM)/.test(message)) {
        return new SessionKeeperError(`Redis at ${where} denied '${operation}': ${message}. Check the user and `
          + 'password in the Redis URL and that the ACL allows EVALSHA, EVAL and the namespace\'s keys.',
        'REDIS_DENIED', error);
      }
      return new SessionKeeperError(`'${operation}' failed in Redis: ${message}`, 'REDIS_ERROR', error);
    }
    return new RedisUnavailableError(`Redis at ${where} is unreachable ('${operation}'): ${message}`, error);
  }
}

module.exports = { ScriptRunner };
