// The chat page: plain JavaScript, no framework, no build step. Talks to the app's REST API (see README.md).
// Every piece of user or stored text is put on the page with textContent or as text nodes (markdown.js builds the
// message bodies the same way), never as HTML.
'use strict';

const params = new URLSearchParams(location.search);
const PAGE_SIZE = Math.min(Math.max(parseInt(params.get('pageSize') ?? '', 10) || 20, 1), 100);

const state = {
  user: null,
  uploadsEnabled: false,
  maxUploadBytes: 0,
  routing: true, // until the first route() has run
  threads: [],
  cursor: null,
  hasNext: false,
  listLoaded: false,
  listGeneration: 0,
  loadingGeneration: -1,
  search: '',
  feedback: '',
  view: 'thread',
  threadId: null,
  thread: null,
  pendingFile: null,
  sending: false,
};

const $ = (id) => document.getElementById(id);

/** Builds an element: attributes (class, data-*, aria-*, event handlers as on*) and children (nodes or text). */
function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Icons as inline SVG (drawn after Feather icons, MIT), so they render without an emoji font.
const ICONS = {
  'thumbs-up': '<path d="M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3"/>',
  'thumbs-down': '<path d="M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17"/>',
  star: '<polygon points="12 2 15.09 8.26 22 9.27 17 14.14 18.18 21.02 12 17.77 5.82 21.02 7 14.14 2 9.27 8.91 8.26 12 2"/>',
  file: '<path d="M13 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z"/><polyline points="13 2 13 9 20 9"/>',
};

/** An inline SVG icon (the markup is the constant above, never user data). */
function icon(name) {
  const span = document.createElement('span');
  span.className = `icon icon-${name}`;
  span.setAttribute('aria-hidden', 'true');
  span.innerHTML = `<svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${ICONS[name]}</svg>`;
  return span;
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, url, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    // fetch only rejects when no answer came at all (server stopped, network gone): say that, not "Failed to fetch".
    throw new ApiError(0, 'Cannot reach the chat app: is it still running? Check its terminal (or your connection), then try again.');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  if (response.status === 401 && url !== '/auth/me') {
    showLogin();
  }
  if (!response.ok) {
    throw new ApiError(response.status, data?.detail || data?.title || `${response.status} ${response.statusText}`);
  }
  return data;
}

const enc = encodeURIComponent;

function newId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

let toastTimer = 0;
function toast(message) {
  const node = $('toast');
  node.textContent = message;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, 6000);
}

// ---------------------------------------------------------------- login

function showLogin() {
  state.user = null;
  $('boot-view').hidden = true;
  document.title = 'Log in · Chat.DataLayer';
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  $('login-name').focus();
}

async function startApp(user) {
  state.user = user;
  $('current-user').textContent = user.displayName || user.identifier;
  $('boot-view').hidden = true;
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  // No message can be sent before the route has said which thread this is (see setComposerReady).
  setComposerReady(false);
  const list = loadThreads(true);
  try {
    const settings = await api('GET', '/api/settings');
    state.uploadsEnabled = settings.uploadsEnabled;
    state.maxUploadBytes = settings.maxUploadBytes;
  } catch (error) {
    toast(error.message);
  }
  $('attach-button').hidden = !state.uploadsEnabled;
  await Promise.all([list, route()]);
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').hidden = true;
  try {
    const user = await api('POST', '/auth/login', { name: $('login-name').value });
    await startApp(user);
  } catch (error) {
    $('login-error').textContent = error.message;
    $('login-error').hidden = false;
  }
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/auth/logout');
  state.threads = [];
  state.thread = null;
  location.hash = '#/';
  showLogin();
});

// ---------------------------------------------------------------- thread list

function listFilter() {
  return {
    search: state.search || null,
    feedback: state.feedback === '' ? null : Number(state.feedback),
  };
}

/** Loads the first page (reset) or the next page of the user's threads. */
async function loadThreads(reset) {
  if (reset) {
    state.listGeneration += 1;
    state.threads = [];
    state.cursor = null;
    state.hasNext = false;
    state.listLoaded = false;
  } else if (!state.hasNext || state.loadingGeneration === state.listGeneration) {
    return;
  }
  const generation = state.listGeneration;
  state.loadingGeneration = generation;
  renderThreadList();
  try {
    const page = await api('POST', '/project/threads', {
      pagination: { first: PAGE_SIZE, cursor: state.cursor },
      filter: listFilter(),
    });
    if (generation !== state.listGeneration) return;
    const known = new Set(state.threads.map((t) => t.id));
    state.threads.push(...page.data.filter((t) => !known.has(t.id)));
    state.cursor = page.pageInfo.endCursor;
    state.hasNext = page.pageInfo.hasNextPage;
    state.listLoaded = true;
  } catch (error) {
    if (generation === state.listGeneration) toast(error.message);
    return;
  } finally {
    if (state.loadingGeneration === generation) {
      state.loadingGeneration = -1;
      renderThreadList();
    }
  }
  // The sentinel may still be in view (a short page): keep loading until the list overflows or ends.
  if (generation === state.listGeneration && sentinelVisible()) loadThreads(false);
}

function renderThreadList() {
  const list = $('thread-list');
  list.replaceChildren(...state.threads.map((thread) => h('li', {
    'data-testid': 'thread-item',
    'data-thread-id': thread.id,
    class: thread.id === state.threadId && state.view === 'thread' ? 'active' : null,
  }, h('button', {
    type: 'button',
    title: thread.name || 'Untitled',
    'data-testid': 'thread-name',
    onclick: () => { location.hash = `#/thread/${enc(thread.id)}`; },
  }, thread.name || 'Untitled'))));
  const loading = state.loadingGeneration === state.listGeneration;
  // Skeleton rows while the first page of a (re)load is on its way: an empty list is not "no threads" yet.
  $('thread-list-loading').hidden = !(loading && state.threads.length === 0);
  // data-loading lets a test (or a screen reader) wait for the list to settle after a search or filter change.
  list.setAttribute('data-loading', String(loading));
  list.setAttribute('aria-busy', String(loading));
  const filtered = state.search || state.feedback !== '';
  $('thread-list-empty').textContent = filtered ? 'No matching threads' : 'No threads yet';
  $('thread-list-empty').hidden = state.threads.length > 0 || !state.listLoaded;
  $('load-more').hidden = !state.hasNext;
}

function sentinelVisible() {
  const box = $('thread-scroll').getBoundingClientRect();
  const sentinel = $('thread-list-sentinel').getBoundingClientRect();
  return box.height > 0 && sentinel.top <= box.bottom + 80;
}

new IntersectionObserver((entries) => {
  if (entries.some((entry) => entry.isIntersecting)) loadThreads(false);
}, { root: $('thread-scroll'), rootMargin: '0px 0px 80px 0px' }).observe($('thread-list-sentinel'));

$('load-more').addEventListener('click', () => loadThreads(false));

let searchTimer = 0;
$('thread-search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    state.search = $('thread-search').value.trim();
    loadThreads(true);
  }, 250);
});

$('feedback-filter').addEventListener('change', () => {
  state.feedback = $('feedback-filter').value;
  loadThreads(true);
});

// ---------------------------------------------------------------- routing

$('new-thread').addEventListener('click', () => {
  if (location.hash === '#/' || location.hash === '') route();
  else location.hash = '#/';
});
$('favorites-link').addEventListener('click', () => { location.hash = '#/favorites'; });
window.addEventListener('hashchange', () => { if (state.user) route(); });

let routeGeneration = 0;

async function route() {
  const hash = location.hash;
  const generation = ++routeGeneration;
  hideRename();
  $('delete-confirm').hidden = true;
  state.routing = true;
  setComposerReady(false);
  try {
    if (hash === '#/favorites') {
      await showFavorites();
    } else if (hash.startsWith('#/thread/')) {
      await openThread(decodeURIComponent(hash.slice('#/thread/'.length)));
    } else {
      newChat();
    }
  } finally {
    // Only the latest navigation decides; the composer opens once it knows the thread to send to.
    if (generation === routeGeneration) {
      state.routing = false;
      setComposerReady(state.view === 'thread' && !!state.threadId);
    }
  }
  renderThreadList();
}

/**
 * The composer is live only when the page knows which thread a message goes to: disabled from page load until the
 * route has run (a message sent earlier would go to a thread called "null"), while a thread loads, and while sending.
 */
function setComposerReady(ready) {
  const live = ready && !state.sending && !state.routing;
  $('composer-input').disabled = !live;
  $('send-button').disabled = !live;
  $('file-input').disabled = !live;
  $('composer').setAttribute('aria-busy', String(!ready));
  $('composer').dataset.ready = String(ready);
  if (live && document.activeElement === document.body) $('composer-input').focus();
}

function setTitle(title) {
  document.title = title ? `${title} · Chat.DataLayer` : 'Chat.DataLayer';
}

function showView(view) {
  state.view = view;
  $('conversation').hidden = view !== 'thread';
  $('composer').hidden = view !== 'thread';
  $('favorites-view').hidden = view !== 'favorites';
}

function newChat() {
  showView('thread');
  state.threadId = newId();
  state.thread = null;
  renderConversation();
}

async function openThread(threadId) {
  showView('thread');
  state.threadId = threadId;
  state.thread = null;
  $('thread-title').textContent = 'Loading…';
  setTitle('Loading…');
  $('thread-actions').hidden = true;
  $('conversation').replaceChildren(h('div', { class: 'notice', 'data-testid': 'conversation-loading', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Loading the conversation…'));
  try {
    const thread = await api('GET', `/project/thread/${enc(threadId)}`);
    if (state.threadId !== threadId) return;
    state.thread = thread;
    renderConversation();
  } catch (error) {
    if (state.threadId !== threadId) return;
    $('thread-title').textContent = 'Conversation unavailable';
    setTitle('Conversation unavailable');
    state.threadId = null;
    $('composer').hidden = true;
    $('conversation').replaceChildren(h('p', { class: 'notice', 'data-testid': 'thread-error' },
      error.status === 403 ? 'This conversation belongs to another user.'
        : error.status === 404 ? 'This conversation does not exist (any more).'
          : error.message));
  }
}

// ---------------------------------------------------------------- conversation

const isMessage = (step) => step.type === 'user_message' || step.type === 'assistant_message';

/**
 * The tool steps to show under each assistant message: a tool step's parentId is the assistant step that called it
 * (that is how the AI package stores a function call). A call-only step (no text) is not shown on its own: its tools
 * move to the next assistant message, the reply they led to. Returns the messages to show and their tools by id.
 */
function arrangeMessages(allSteps) {
  const messages = allSteps.filter(isMessage);
  const toolsOf = (id) => allSteps.filter((s) => s.type === 'tool' && s.parentId === id);
  const shown = [];
  const tools = new Map();
  let carried = [];
  messages.forEach((step, index) => {
    const own = step.type === 'assistant_message' ? toolsOf(step.id) : [];
    const next = messages[index + 1];
    if (step.type === 'assistant_message' && !step.output && own.length > 0 && next?.type === 'assistant_message') {
      carried = [...carried, ...own];
      return;
    }
    tools.set(step.id, [...carried, ...own]);
    carried = [];
    shown.push(step);
  });
  return { shown, tools };
}

function renderConversation() {
  const thread = state.thread;
  $('thread-title').textContent = thread?.name || 'New chat';
  setTitle(thread?.name || 'New chat');
  $('thread-actions').hidden = !thread;
  const conversation = $('conversation');
  const { shown: steps, tools } = arrangeMessages(thread?.steps ?? []);
  state.toolsByMessage = tools;
  if (steps.length === 0) {
    conversation.replaceChildren(h('div', { class: 'empty-state', 'data-testid': 'empty-state' },
      h('p', {}, 'Start a conversation.'),
      h('p', {}, 'The stand-in assistant counts your words with a tool and echoes what you write. Attach a file with the paper clip, rate replies with thumbs up or down, and star what you want to keep.')));
    return;
  }
  const elements = thread.elements ?? [];
  const messageIds = new Set(steps.map((s) => s.id));
  const nodes = steps.map((step) => renderMessage(step, elements.filter((e) => e.forId === step.id)));
  const loose = elements.filter((e) => !messageIds.has(e.forId));
  if (loose.length > 0) nodes.push(h('div', { class: 'attachments' }, loose.map(renderElement)));
  conversation.replaceChildren(...nodes);
  conversation.scrollTop = conversation.scrollHeight;
}

/** A tool call, collapsed: its name; opened, its input (JSON) and output. */
function renderTool(tool) {
  let input = tool.input ?? '';
  try {
    input = JSON.stringify(JSON.parse(input), null, 2);
  } catch {
    // Not JSON: shown as it is.
  }
  return h('details', { class: 'tool-step', 'data-testid': 'tool-step', 'data-tool-name': tool.name },
    h('summary', {}, 'Used ', h('code', {}, tool.name || 'tool')),
    h('div', { class: 'tool-label' }, 'Input'),
    h('pre', { 'data-testid': 'tool-input' }, input),
    h('div', { class: 'tool-label' }, 'Output'),
    h('pre', { 'data-testid': 'tool-output' }, tool.output ?? '…'));
}

function renderElement(element) {
  if (element.type === 'image' && element.url) {
    return h('a', { href: element.url, target: '_blank', rel: 'noopener' },
      h('img', { src: element.url, alt: element.name || 'image', 'data-testid': 'message-image', 'data-element-id': element.id }));
  }
  return h('a', { href: element.url || '#', target: '_blank', rel: 'noopener', class: 'file', 'data-testid': 'message-file', 'data-element-id': element.id },
    icon('file'), element.name || 'file');
}

function renderMessage(step, elements) {
  const role = step.type === 'user_message' ? 'user' : 'assistant';
  const favorite = step.metadata?.favorite === true;
  const feedback = step.feedback;
  const node = h('article', { class: `message ${role}`, 'data-testid': 'message', 'data-role': role, 'data-step-id': step.id },
    h('div', { class: 'author' }, h('span', {}, step.name || (role === 'user' ? 'You' : 'Assistant')), timestamp(step.createdAt)),
    h('div', { class: 'bubble' },
      (state.toolsByMessage?.get(step.id) ?? []).map(renderTool),
      h('div', { class: 'text md', 'data-testid': 'message-text' }, renderMarkdown(step.output ?? '')),
      elements.length > 0 ? h('div', { class: 'attachments' }, elements.map(renderElement)) : null),
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', class: 'star', 'data-testid': 'star-button', 'aria-pressed': String(favorite),
        title: favorite ? 'Remove from favourites' : 'Add to favourites',
        onclick: () => toggleFavorite(step),
      }, icon('star')),
      role === 'assistant' ? [
        h('button', {
          type: 'button', 'data-testid': 'thumb-up', 'aria-pressed': String(feedback?.value === 1), title: 'Good answer',
          onclick: () => openFeedback(node, step, 1),
        }, icon('thumbs-up')),
        h('button', {
          type: 'button', 'data-testid': 'thumb-down', 'aria-pressed': String(feedback?.value === 0), title: 'Bad answer',
          onclick: () => openFeedback(node, step, 0),
        }, icon('thumbs-down')),
      ] : null),
    feedback ? h('div', { class: 'feedback-summary', 'data-testid': 'feedback-summary' },
      icon(feedback.value === 1 ? 'thumbs-up' : 'thumbs-down'),
      `${feedback.value === 1 ? 'Good answer' : 'Bad answer'}${feedback.comment ? ` — “${feedback.comment}”` : ''}`) : null);
  return node;
}

/** A message's time: hours and minutes today, with the date otherwise; the full date and time on hover. */
function timestamp(value) {
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return null;
  const today = new Date().toDateString() === date.toDateString();
  const text = today
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return h('time', { datetime: date.toISOString(), title: date.toLocaleString(), 'data-testid': 'message-time' }, text);
}

function replaceStep(updated) {
  if (!state.thread) return;
  state.thread.steps = state.thread.steps.map((s) => (s.id === updated.id ? updated : s));
  const old = document.querySelector(`[data-testid="message"][data-step-id="${CSS.escape(updated.id)}"]`);
  if (old) old.replaceWith(renderMessage(updated, (state.thread.elements ?? []).filter((e) => e.forId === updated.id)));
}

function openFeedback(node, step, value) {
  node.querySelector('.feedback-form')?.remove();
  const comment = h('input', {
    'data-testid': 'feedback-comment', maxlength: 2000, placeholder: value === 1 ? 'What was good? (optional)' : 'What was wrong? (optional)',
    value: step.feedback?.value === value ? step.feedback.comment ?? '' : '',
  });
  const form = h('form', {
    class: 'feedback-form', 'data-testid': 'feedback-form',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const result = await api('PUT', '/project/feedback', {
          feedback: { forId: step.id, threadId: step.threadId, value, comment: comment.value },
        });
        replaceStep({ ...step, feedback: { id: result.feedbackId, forId: step.id, threadId: step.threadId, value, comment: comment.value.trim() || null } });
      } catch (error) {
        toast(error.message);
      }
    },
  },
  icon(value === 1 ? 'thumbs-up' : 'thumbs-down'),
  comment,
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'feedback-submit' }, 'Save'),
  step.feedback ? h('button', {
    type: 'button', 'data-testid': 'feedback-remove',
    onclick: async () => {
      try {
        await api('DELETE', '/project/feedback', { feedbackId: step.feedback.id });
        replaceStep({ ...step, feedback: null });
      } catch (error) {
        toast(error.message);
      }
    },
  }, 'Remove rating') : null,
  h('button', { type: 'button', class: 'link', 'data-testid': 'feedback-cancel', onclick: () => form.remove() }, 'Cancel'));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      form.remove();
    }
  });
  node.append(form);
  comment.focus();
}

async function toggleFavorite(step) {
  const favorite = step.metadata?.favorite !== true;
  try {
    const stored = await api('PUT', '/api/steps/favorite', { threadId: step.threadId, stepId: step.id, favorite });
    replaceStep({ ...step, metadata: stored.metadata ?? { ...(step.metadata ?? {}), favorite } });
  } catch (error) {
    toast(error.message);
  }
}

// ---------------------------------------------------------------- composer

const input = $('composer-input');

input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('composer').requestSubmit();
  }
});

$('file-input').addEventListener('change', () => {
  const file = $('file-input').files[0];
  const problem = file ? fileProblem(file) : null;
  if (problem) {
    clearAttachment();
    toast(problem);
    return;
  }
  state.pendingFile = file ?? null;
  $('attachment-name').textContent = file ? `Attached: ${file.name}` : '';
  $('attachment-chip').hidden = !file;
});

/** Why a file cannot be sent (empty, over the server's limit), or null. Checked before anything is sent. */
function fileProblem(file) {
  if (file.size === 0) return `“${file.name}” is empty: nothing to attach.`;
  if (state.maxUploadBytes > 0 && file.size > state.maxUploadBytes) {
    return `“${file.name}” is ${formatBytes(file.size)}; files may be at most ${formatBytes(state.maxUploadBytes)}. Nothing was sent.`;
  }
  return null;
}

function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}

$('attachment-remove').addEventListener('click', clearAttachment);

function clearAttachment() {
  state.pendingFile = null;
  $('file-input').value = '';
  $('attachment-chip').hidden = true;
}

/**
 * The assistant's reply while it is written: the typing indicator gives way to a message that grows with each
 * <code>text</code> event, with each tool call as a collapsed step above the text.
 */
function startStreamingReply(typing) {
  const tools = h('div', { class: 'tools' });
  const text = h('div', { class: 'text md', 'data-testid': 'streaming-text' });
  const node = h('article', { class: 'message assistant streaming', 'data-testid': 'streaming-message' },
    h('div', { class: 'author' }, h('span', {}, 'Assistant')),
    h('div', { class: 'bubble' }, tools, text));
  const calls = new Map();
  let written = '';
  const show = () => {
    if (typing.isConnected) typing.replaceWith(node);
    const conversation = $('conversation');
    conversation.scrollTop = conversation.scrollHeight;
  };
  return {
    failed: null,
    toolCall(call) {
      const tool = { name: call.name, input: JSON.stringify(call.arguments ?? {}), output: null };
      const rendered = renderTool(tool);
      calls.set(call.callId, { tool, rendered });
      tools.append(rendered);
      show();
    },
    toolResult(result) {
      const entry = calls.get(result.callId);
      if (!entry) return;
      entry.tool.output = result.result;
      const rendered = renderTool(entry.tool);
      rendered.open = entry.rendered.open;
      entry.rendered.replaceWith(rendered);
      entry.rendered = rendered;
    },
    text(piece) {
      written += piece.text;
      text.replaceChildren(renderMarkdown(written));
      show();
    },
  };
}

/**
 * POSTs a message asking for Server-Sent Events and feeds them to <code>reply</code> until <code>done</code> or
 * <code>error</code>. A refusal (4xx/5xx) throws an ApiError as api() does; a stream that breaks after the message was
 * stored throws one with <code>sent</code> set. Returns the <code>message</code> event's data.
 */
async function streamMessage(url, body, reply) {
  const init = { method: 'POST', headers: { Accept: 'text/event-stream' }, credentials: 'same-origin' };
  if (body instanceof FormData) {
    init.body = body;
  } else {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'Cannot reach the chat app: is it still running? Check its terminal (or your connection), then try again.');
  }
  if (!response.ok || !(response.headers.get('Content-Type') ?? '').startsWith('text/event-stream')) {
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { detail: text };
    }
    if (response.status === 401) showLogin();
    throw new ApiError(response.status, data?.detail || data?.title || `${response.status} ${response.statusText}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let start = null;
  let finished = false;
  try {
    while (!finished) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
        if (name === 'message') start = data;
        else if (name === 'tool-call') reply.toolCall(data);
        else if (name === 'tool-result') reply.toolResult(data);
        else if (name === 'text') reply.text(data);
        else if (name === 'error') reply.failed = data?.detail ?? 'The assistant failed.';
        if (name === 'done' || name === 'error') finished = true;
      }
    }
  } catch {
    // The connection broke mid-reply.
  }
  if (!finished) {
    const error = new ApiError(0, 'The reply was cut off; the thread shows what was stored.');
    error.sent = start !== null;
    throw error;
  }
  return start;
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input.value.trim();
  const file = state.pendingFile;
  const threadId = state.threadId;
  // Never before the route has chosen the thread (the composer is disabled then; this guards Enter and scripts).
  if ((!text && !file) || state.sending || !threadId || $('composer').dataset.ready !== 'true') return;
  const problem = file ? fileProblem(file) : null;
  if (problem) {
    clearAttachment();
    toast(problem);
    return;
  }
  const content = text || `Sent a file: ${file.name}`;
  state.sending = true;
  setComposerReady(true);
  input.value = '';
  clearAttachment();

  const conversation = $('conversation');
  conversation.querySelector('[data-testid="empty-state"]')?.remove();
  const pending = h('article', { class: 'message user pending', 'data-testid': 'pending-message' },
    h('div', { class: 'author' }, state.user.identifier),
    h('div', { class: 'bubble' }, h('div', { class: 'text md' }, renderMarkdown(content))));
  const typing = h('div', { class: 'typing', 'data-testid': 'assistant-typing' }, 'Assistant is typing…');
  conversation.append(pending, typing);
  conversation.scrollTop = conversation.scrollHeight;

  try {
    // With a file: one multipart request, checked whole by the server before it stores anything.
    let body = { content };
    if (file) {
      body = new FormData();
      body.append('content', text);
      body.append('file', file);
    }
    const reply = startStreamingReply(typing);
    const result = await streamMessage(`/api/threads/${enc(threadId)}/messages`, body, reply);
    // The agent stored everything as it happened: show the thread as a reload would.
    const stored = await api('GET', `/project/thread/${enc(threadId)}`);
    if (state.threadId === threadId) {
      state.thread = stored ?? { id: threadId, name: result?.threadName, steps: [], elements: [] };
      if (location.hash !== `#/thread/${enc(threadId)}`) history.replaceState(null, '', `#/thread/${enc(threadId)}`);
      renderConversation();
    }
    if (reply.failed) toast(reply.failed);
    loadThreads(true);
  } catch (error) {
    if (error.sent) {
      // The message was stored; only the reply's stream broke: show what the thread holds.
      toast(error.message);
      if (state.threadId === threadId) openThread(threadId);
      loadThreads(true);
      return;
    }
    pending.remove();
    typing.remove();
    conversation.querySelector('[data-testid="streaming-message"]')?.remove();
    input.value = text;
    if (file) {
      state.pendingFile = file;
      $('attachment-name').textContent = `Attached: ${file.name}`;
      $('attachment-chip').hidden = false;
    }
    toast(error.status === 413 || error.status === 400 ? `Not sent: ${error.message}` : error.message);
  } finally {
    state.sending = false;
    setComposerReady(state.view === 'thread' && !!state.threadId);
    input.focus();
  }
});

// ---------------------------------------------------------------- rename and delete

function hideRename() {
  $('rename-form').hidden = true;
  $('thread-title').hidden = false;
}

$('rename-thread').addEventListener('click', () => {
  $('rename-input').value = state.thread?.name ?? '';
  $('thread-title').hidden = true;
  $('thread-actions').hidden = true;
  $('rename-form').hidden = false;
  $('rename-input').focus();
  $('rename-input').select();
});

$('rename-cancel').addEventListener('click', cancelRename);
$('rename-form').addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    cancelRename();
  }
});

function cancelRename() {
  hideRename();
  $('thread-actions').hidden = !state.thread;
}

$('rename-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('rename-input').value.trim();
  if (!name || !state.thread) return;
  try {
    await api('PUT', '/project/thread', { threadId: state.thread.id, name });
    state.thread.name = name;
    hideRename();
    renderConversation();
    loadThreads(true);
  } catch (error) {
    toast(error.message);
  }
});

$('delete-thread').addEventListener('click', () => {
  $('delete-confirm').hidden = false;
  $('delete-confirm').focus();
});

$('delete-confirm').addEventListener('blur', () => {
  setTimeout(() => { $('delete-confirm').hidden = true; }, 200);
});

$('delete-confirm').addEventListener('click', async () => {
  if (!state.thread) return;
  try {
    await api('DELETE', '/project/thread', { threadId: state.thread.id });
    $('delete-confirm').hidden = true;
    location.hash = '#/';
    loadThreads(true);
  } catch (error) {
    toast(error.message);
  }
});

// ---------------------------------------------------------------- favourites

async function showFavorites() {
  showView('favorites');
  state.threadId = null;
  $('thread-title').textContent = 'Favourites';
  setTitle('Favourites');
  $('thread-actions').hidden = true;
  const view = $('favorites-view');
  view.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    const steps = await api('GET', '/api/favorites');
    if (state.view !== 'favorites') return;
    view.replaceChildren(steps.length === 0
      ? h('p', { class: 'notice', 'data-testid': 'favorites-empty' }, 'No favourites yet: star a message to keep it here.')
      : h('div', { class: 'favorites-list' }, steps.map((step) => h('div', {
        class: 'favorite', 'data-testid': 'favorite-item', 'data-step-id': step.id, 'data-thread-id': step.threadId,
      },
      h('div', { class: 'text', 'data-testid': 'favorite-text' }, step.output ?? ''),
      h('div', { class: 'meta' },
        h('span', { class: 'from', 'data-testid': 'favorite-thread' }, `In “${step.threadName || 'Untitled'}”`),
        h('span', {}, `${step.type === 'user_message' ? 'You' : step.name ?? 'Assistant'}${step.createdAt ? ` · ${new Date(step.createdAt).toLocaleString()}` : ''}`),
        h('button', {
          type: 'button', class: 'link', 'data-testid': 'favorite-open',
          onclick: () => { location.hash = `#/thread/${enc(step.threadId)}`; },
        }, 'Open conversation'))))));
  } catch (error) {
    view.replaceChildren(h('p', { class: 'notice error' }, error.message));
  }
}

// ---------------------------------------------------------------- start

(async () => {
  try {
    await startApp(await api('GET', '/auth/me'));
  } catch {
    showLogin();
  }
})();
