// Who the page acts for. An analyst signs in once with the token an admin gave
// them (graphapi user add); the token is kept in sessionStorage, so it lives as
// long as the tab and is never sent as a cookie: every API call carries it as
// an Authorization header instead. The server decides what a token may do; the
// page only hides what the user's role cannot do.
import { h } from './panels.js';

const TOKEN_KEY = 'graphapi.token';
const RANK = { reader: 1, editor: 2, admin: 3 };

// Test hook: the end-to-end tests wait on it.
const sx = { ready: false, user: null, writing: false, readsNeedToken: false, error: '' };
window.__session = sx;

const listeners = [];

// authHeaders returns the Authorization header of the signed-in user, if any.
export function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

// may says whether the signed-in user's role allows what role need may do.
export const may = (need) => Boolean(sx.user && RANK[sx.user.role] >= RANK[need]);

// onSession calls fn now and whenever the user changes.
export function onSession(fn) {
  listeners.push(fn);
  if (sx.ready) fn(sx);
}

async function whoami(token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch('api/v1/whoami', { headers });
  const body = await res.json().catch(() => null);
  return { status: res.status, body };
}

const ui = { box: null };

function draw() {
  const children = [];
  if (sx.user) {
    children.push(
      h('span', { id: 'session-user', 'data-name': sx.user.name, 'data-role': sx.user.role },
        h('b', {}, sx.user.name), ` · ${sx.user.role}`),
      h('button', { type: 'button', id: 'signout', onclick: signOut }, 'Sign out'));
  } else if (sx.writing || sx.readsNeedToken) {
    const input = h('input', { id: 'signin-token', type: 'password', autocomplete: 'off', size: 18,
      placeholder: 'your token', 'aria-label': 'Your token' });
    const form = h('form', { id: 'signin', class: 'signin' }, input,
      h('button', { type: 'submit', id: 'signin-go' }, 'Sign in'));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); signIn(input.value.trim()); });
    children.push(form);
  }
  if (sx.error) children.push(h('span', { id: 'session-error', class: 'error', role: 'alert' }, sx.error));
  ui.box.replaceChildren(...children);
}

function changed() {
  draw();
  for (const fn of listeners) fn(sx);
}

async function signIn(token) {
  if (!token) return;
  const { status, body } = await whoami(token);
  if (status !== 200 || !body || !body.user) {
    sx.error = (body && body.detail) || `sign-in failed (${status})`;
    draw();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  sx.error = '';
  const reload = sx.readsNeedToken && !sx.user; // the views drew nothing without a token
  sx.user = body.user;
  if (reload) { window.location.reload(); return; }
  changed();
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sx.user = null;
  changed();
}

// attachSession adds the sign-in box to the top bar and learns who the tab's
// token (if any) belongs to.
export async function attachSession() {
  ui.box = h('div', { id: 'session', class: 'session' });
  document.querySelector('.topbar').append(ui.box);
  const token = sessionStorage.getItem(TOKEN_KEY);
  let { status, body } = await whoami(token);
  if (status === 401 && token) { // a token the server no longer knows
    sessionStorage.removeItem(TOKEN_KEY);
    sx.error = 'your token is no longer valid; sign in again';
    ({ status, body } = await whoami(''));
  }
  if (status === 401) { // reads need a token and the tab has none
    sx.readsNeedToken = true;
    sx.writing = true;
    sx.error = sx.error || 'this server needs a token to read: sign in';
  } else if (body) {
    sx.user = body.user;
    sx.writing = body.writing;
    sx.readsNeedToken = body.reads_need_token;
  }
  sx.ready = true;
  changed();
}
