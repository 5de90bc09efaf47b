// The request both stores serve, as express-session drives a store: load the session, make
// express-session's Session of it, read two attributes, change one in 20% of requests and
// save, else touch (express-session with resave: false).
export const ATTRIBUTES = (i) => ({
  principal: `user${i % 4000}`,
  theme: i % 2 ? 'dark' : 'light',
  cart: ['apple', 'pear', 'fig'],
  lastPage: '/home',
  csrf: 'c8d1f4e0b7a9423c9e1d2f3a4b5c6d7e',
});

export async function request(store, sid, change, n) {
  const data = await store.get(sid);
  if (!data) throw new Error('session lost');
  const req = { sessionID: sid };
  const sess = store.createSession(req, data);
  if (!sess.theme || !sess.cart) throw new Error('attributes lost');
  sess.touch();
  if (change) {
    sess.lastPage = `/page/${n}`;
    await store.set(sid, sess);
  } else {
    await store.touch(sid, sess);
  }
}

export function cookie() {
  return { originalMaxAge: 1800000, expires: new Date(Date.now() + 1800000).toISOString(), httpOnly: true, path: '/' };
}
