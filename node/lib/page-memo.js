'use strict';
// What this store last saw of each principal's index, as Java's PrincipalPageMemo: the ids a
// principal page script declares as its guess of the page, so that a listing needs no read of
// the index first. Only a guess: a script whose page holds an entry the guess does not name
// writes nothing and answers with the page's ids, which the next call declares; an id the guess
// names that is no longer on the page is not touched. So a wrong guess costs one more call,
// never a wrong answer.
//
// Bounded like Java's: at most 4096 principals and 16384 ids in all (the least recently used
// principal goes first), at most 500 ids (10 pages) of one principal, the lowest kept. Ids are
// compared as the index orders them: byte order, which for these ASCII ids is string order.

const PRINCIPALS = 4096;
const IDS = 16384;
const PER_PRINCIPAL = 500;

class PageMemo {
  constructor() {
    this.seen = new Map();
    this.ids = 0;
  }

  /** Up to `page` known ids after `after` ('' from the start), in index order; [] if unknown. */
  guess(principal, after, page) {
    const known = this.seen.get(principal);
    if (!known) return [];
    this.seen.delete(principal);
    this.seen.set(principal, known);
    return known.filter((id) => after === '' || id > after).slice(0, page);
  }

  /** A page script answered for the range (after, next] (to the end if next is ''): `present` are its ids now. */
  page(principal, after, next, present) {
    const inRange = (id) => (after === '' || id > after) && (next === '' || id <= next);
    const known = (this.seen.get(principal) ?? []).filter((id) => !inRange(id));
    this.store(principal, [...known, ...present.filter(inRange)]);
  }

  /** A session of the principal signed in through this store. */
  added(principal, id) {
    this.store(principal, [...(this.seen.get(principal) ?? []).filter((k) => k !== id), id]);
  }

  /** A session of the principal moved away or ended through this store. */
  removed(principal, id) {
    const known = this.seen.get(principal);
    if (known) this.store(principal, known.filter((k) => k !== id));
  }

  store(principal, ids) {
    const before = this.seen.get(principal)?.length ?? 0;
    this.seen.delete(principal);
    const kept = ids.sort().slice(0, PER_PRINCIPAL);
    this.ids += kept.length - before;
    if (kept.length === 0) return;
    this.seen.set(principal, kept);
    for (const [eldest, known] of this.seen) {
      if (this.seen.size <= PRINCIPALS && this.ids <= IDS) break;
      if (eldest === principal) continue;
      this.ids -= known.length;
      this.seen.delete(eldest);
    }
  }
}

module.exports = { PageMemo, PRINCIPALS, IDS, PER_PRINCIPAL };
