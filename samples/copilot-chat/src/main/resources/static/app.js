// The chat page: one Copilot session per tab, its events over server-sent events, the live sessions panel
// over a second event stream. No framework, no build.
'use strict';

const $ = (selector) => document.querySelector(selector);
const messages = $('#messages');
const promptBox = $('#prompt');
const sendButton = $('#send');

const state = {
  sessionId: null,
  source: null,        // EventSource of the current session
  bubbles: new Map(),  // messageId -> {element, deltas}
  tools: new Map(),    // toolCallId -> element
  busy: false,
  turnErrorShown: false, // a session error of the running turn came on the event stream
  echo: [],             // prompts shown at once, whose user.message echo from the CLI is not shown again
  typing: null,
  clientState: null,    // the Copilot client's state, from the panel's stream
  restarts: false,      // whether the client restarts a lost CLI by itself (copilot.client.restart.enabled)
  serverGone: false,    // the panel's stream broke: the server stopped or is unreachable
  ended: false,         // the current chat's session ended (idle time-out, lost CLI)
  own: new Set(),       // sessions this tab created: deleted when the tab closes
};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function add(node) {
  if (state.typing && node !== state.typing) messages.insertBefore(node, state.typing);
  else messages.appendChild(node);
  messages.scrollTop = messages.scrollHeight;
  return node;
}

function notice(text) {
  add(element('div', 'msg notice', text));
}

function showTyping(on) {
  if (on && !state.typing) {
    state.typing = element('div', 'typing', 'Copilot is thinking…');
    messages.appendChild(state.typing);
    messages.scrollTop = messages.scrollHeight;
  } else if (!on && state.typing) {
    state.typing.remove();
    state.typing = null;
  }
}

function setEnabled(enabled) {
  const usable = enabled && !state.busy && !state.serverGone && !state.ended
      && (state.clientState === null || state.clientState === 'CONNECTED');
  promptBox.disabled = !usable;
  sendButton.disabled = !usable;
  if (usable) promptBox.focus();
}

// ---------------------------------------------------------------- rendering session events

function userMessage(content) {
  add(element('div', 'msg user', content));
}

function bubble(messageId) {
  let entry = state.bubbles.get(messageId);
  if (!entry) {
    const node = element('div', 'msg assistant streaming');
    node.dataset.messageId = messageId;
    node.appendChild(element('span', 'text'));
    entry = { element: node, deltas: 0 };
    state.bubbles.set(messageId, entry);
    add(node);
  }
  return entry;
}

function delta(data) {
  const entry = bubble(data.messageId);
  entry.deltas++;
  entry.element.dataset.deltas = String(entry.deltas);
  entry.element.querySelector('.text').textContent += data.text;
  messages.scrollTop = messages.scrollHeight;
}

function assistantMessage(data) {
  const entry = state.bubbles.get(data.messageId);
  if (!data.content) {
    if (entry && entry.deltas === 0) entry.element.remove();
    return;
  }
  const target = entry || bubble(data.messageId);
  target.element.querySelector('.text').textContent = data.content;
  target.element.classList.remove('streaming');
  target.element.classList.add('complete');
  if (target.deltas > 0) {
    target.element.appendChild(element('span', 'note', 'streamed in ' + target.deltas + ' chunks'));
  }
}

function toolStart(data) {
  const card = element('div', 'tool-call running');
  card.dataset.toolCallId = data.toolCallId;
  card.dataset.toolName = data.toolName;
  card.appendChild(element('span', 'badge', 'tool call'));
  card.appendChild(element('span', 'name', data.toolName));
  card.appendChild(document.createTextNode(' '));
  card.appendChild(element('span', 'args', data.arguments));
  card.appendChild(element('span', 'status', 'running…'));
  state.tools.set(data.toolCallId, card);
  add(card);
}

function toolComplete(data) {
  if (!state.tools.has(data.toolCallId)) {
    toolStart({ toolCallId: data.toolCallId, toolName: data.toolName, arguments: '' });
  }
  const card = state.tools.get(data.toolCallId);
  card.classList.remove('running');
  card.classList.add(data.success ? 'done' : 'failed');
  card.querySelector('.status').textContent = data.success ? '✓ ' + data.result : '✗ ' + (data.error || data.result);
}

function sessionError(data) {
  if (data.errorType === 'client.terminated') {
    // the session ended under this chat: an idle time-out, or the CLI was lost
    failure('This chat has ended: ' + data.message + ' Press "New chat" to go on.');
    state.ended = true;
    setEnabled(false);
    showTyping(false);
    return;
  }
  state.turnErrorShown = true;
  // the CLI's message often holds the status code already ("Execution failed: 400 …"): say it once
  const code = data.statusCode && !String(data.message).includes(String(data.statusCode))
      ? ' (' + data.statusCode + ')' : '';
  add(element('div', 'msg error', '⚠ Copilot reported an error' + code + ': ' + data.message));
  for (const entry of state.bubbles.values()) entry.element.classList.remove('streaming');
  showTyping(false);
}

// ---------------------------------------------------------------- API errors

// Every error of the API is an RFC 9457 problem: its "detail" says what went wrong in words.
async function problemText(response) {
  const type = response.headers.get('Content-Type') || '';
  try {
    if (type.includes('json')) {
      const problem = await response.json();
      if (problem.detail) return problem.detail;
      if (problem.title) return problem.title;
    }
    const text = await response.text();
    if (text) return text;
  } catch (ignored) {
    // fall through to the status
  }
  return 'HTTP ' + response.status;
}

function failure(text) {
  add(element('div', 'msg error', '⚠ ' + text));
}

// ---------------------------------------------------------------- sessions

function closeSource() {
  if (state.source) state.source.close();
  state.source = null;
}

function openSession(id, withHistory) {
  closeSource();
  messages.textContent = '';
  state.bubbles.clear();
  state.tools.clear();
  state.typing = null;
  state.sessionId = id;
  state.ended = false;
  highlightCurrent();
  setEnabled(false);
  const history = withHistory ? loadHistory(id) : Promise.resolve();
  return history.then(() => new Promise((resolve) => {
    const source = new EventSource('/api/sessions/' + encodeURIComponent(id) + '/events');
    state.source = source;
    const on = (name, handler) => source.addEventListener(name, (event) => handler(JSON.parse(event.data)));
    on('ready', () => { setEnabled(true); resolve(); });
    on('user', (data) => {
      const shown = state.echo.indexOf(data.content);
      if (shown >= 0) state.echo.splice(shown, 1); // shown when it was sent
      else userMessage(data.content);
    });
    on('delta', (data) => { showTyping(false); delta(data); });
    on('message', (data) => assistantMessage(data));
    on('tool-start', (data) => { showTyping(false); toolStart(data); showTyping(state.busy); });
    on('tool-complete', (data) => toolComplete(data));
    on('session-error', (data) => sessionError(data));
    on('idle', () => showTyping(false));
    on('deleted', () => { notice('This session was deleted.'); closeSource(); setEnabled(false); });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED && state.source === source) {
        failure('Lost the connection to the server. Start it again, then reload the page.');
        setEnabled(false);
      }
    };
  }));
}

async function loadHistory(id) {
  const response = await fetch('/api/sessions/' + encodeURIComponent(id) + '/messages');
  if (!response.ok) return;
  for (const item of await response.json()) {
    if (item.type === 'user.message') userMessage(item.content);
    else if (item.type === 'assistant.message') {
      const node = add(element('div', 'msg assistant complete'));
      node.appendChild(element('span', 'text', item.content));
    } else if (item.type === 'tool.execution_start') toolStart({
      toolCallId: item.toolCallId, toolName: item.toolName, arguments: item.content || '{}' });
    else if (item.type === 'tool.execution_complete') toolComplete({
      toolCallId: item.toolCallId, toolName: item.toolName, success: item.success, result: item.content || '',
      error: item.content || '' });
    else if (item.type === 'session.error') sessionError({ message: item.content });
  }
  if (messages.children.length) notice('— history from session.getMessages —');
}

async function newSession() {
  setEnabled(false);
  const response = await fetch('/api/sessions', { method: 'POST' });
  if (!response.ok) {
    failure(await problemText(response));
    return;
  }
  const { id } = await response.json();
  state.own.add(id);
  await openSession(id, false);
  notice('New session ' + id.slice(0, 8) + '. Ask anything, or try a suggestion below.');
}

async function send(prompt) {
  if (!prompt || state.busy || !state.sessionId) return;
  state.busy = true;
  state.turnErrorShown = false;
  userMessage(prompt);
  state.echo.push(prompt);
  setEnabled(false);
  showTyping(true);
  try {
    const response = await fetch('/api/sessions/' + encodeURIComponent(state.sessionId) + '/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ prompt }),
    });
    // The answer, the tool calls and Copilot's session errors arrive on the event stream; any other failure (a
    // 502 without a session error, as when the CLI is gone) shows its problem detail here.
    if (!response.ok) {
      const text = await problemText(response);
      if (!(response.status === 502 && state.turnErrorShown)) failure(text);
      const echoed = state.echo.indexOf(prompt);
      if (echoed >= 0 && response.status !== 502) state.echo.splice(echoed, 1); // never reached Copilot
    }
  } catch (error) {
    failure('The server did not answer: ' + error.message);
  } finally {
    state.busy = false;
    showTyping(false);
    setEnabled(state.source !== null);
  }
}

// ---------------------------------------------------------------- the live sessions panel

function time(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '';
}

function plural(count, noun) {
  return count + ' ' + noun + (count === 1 ? '' : 's');
}

function highlightCurrent() {
  for (const li of document.querySelectorAll('#sessions li')) {
    li.classList.toggle('current', li.dataset.sessionId === state.sessionId);
  }
}

// What the page says when the Copilot client changes state; on recovery it starts a new chat, because the
// sessions of a lost CLI ended with it.
function clientStateChanged(previous, current) {
  setEnabled(state.source !== null);
  if (previous === null || previous === current) return;
  if (current === 'FAILED') {
    failure(state.restarts
        ? 'Lost Copilot: its CLI stopped unexpectedly. The client is restarting it; this page carries on when it is back.'
        : 'Lost Copilot: its CLI stopped unexpectedly, and this application does not restart it'
          + ' (copilot.client.restart.enabled=false). Restart the application, then reload the page.');
  } else if (current === 'CONNECTED' && (previous === 'FAILED' || previous === 'STARTING')) {
    newSession().then(() => notice('Copilot is back. The chat before ended with the old CLI, so this is a new one.'));
  }
}

function renderSessions(snapshot) {
  const previous = state.clientState;
  state.clientState = snapshot.clientState;
  const pill = $('#client-state');
  pill.textContent = 'client ' + snapshot.clientState.toLowerCase();
  pill.className = 'pill ' + snapshot.clientState.toLowerCase();
  const list = $('#sessions');
  list.textContent = '';
  for (const session of snapshot.sessions) {
    const li = element('li');
    li.dataset.sessionId = session.id;
    li.appendChild(element('span', 'label', session.label || 'New chat'));
    li.appendChild(element('span', 'meta', session.id.slice(0, 8) + ' · created ' + time(session.createdAt)));
    li.appendChild(element('span', 'meta', plural(session.updates, 'update') + ' · last ' + time(session.updatedAt)
        + (session.closed ? ' · closed' : '')));
    if (session.lastError) li.appendChild(element('span', 'err', '⚠ ' + session.lastError));
    const remove = element('button', 'delete', '×');
    remove.title = 'Delete this session';
    remove.addEventListener('click', async (event) => {
      event.stopPropagation();
      state.own.delete(session.id);
      await fetch('/api/sessions/' + encodeURIComponent(session.id), { method: 'DELETE' });
    });
    li.appendChild(remove);
    li.addEventListener('click', () => {
      if (session.id !== state.sessionId) openSession(session.id, true);
    });
    list.appendChild(li);
  }
  highlightCurrent();
  clientStateChanged(previous, snapshot.clientState);
}

// The panel's stream is also how the page notices that the server went away (EventSource then retries).
function connectPanel() {
  const source = new EventSource('/api/sessions/stream');
  source.addEventListener('sessions', (event) => {
    if (state.serverGone) {
      state.serverGone = false;
      notice('The server is back. Reload the page to start a new chat.');
    }
    renderSessions(JSON.parse(event.data));
  });
  source.onerror = () => {
    if (state.serverGone) return;
    state.serverGone = true;
    const pill = $('#client-state');
    pill.textContent = 'server unreachable';
    pill.className = 'pill disconnected';
    failure('The server is not answering: it was stopped or the network is down. Start it again '
        + '(./scripts/run.sh), then reload the page.');
    setEnabled(false);
  };
}

// ---------------------------------------------------------------- start

async function start() {
  const info = await (await fetch('/api/info')).json();
  state.restarts = info.restarts;
  if (info.offline) {
    const banner = $('#banner');
    banner.textContent = info.banner + '. Set COPILOT_GITHUB_TOKEN and restart to talk to real Copilot.';
    banner.title = info.description;
    banner.hidden = false;
  }
  connectPanel();
  await newSession();
}

$('#composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const prompt = promptBox.value.trim();
  promptBox.value = '';
  send(prompt);
});
promptBox.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('#composer').requestSubmit();
  }
});
for (const button of document.querySelectorAll('.suggestion')) {
  button.addEventListener('click', () => send(button.textContent));
}
$('#new-session').addEventListener('click', () => newSession());
// Closing (or leaving) the tab deletes the sessions it created; keepalive lets the request outlive the page.
window.addEventListener('pagehide', () => {
  for (const id of state.own) {
    fetch('/api/sessions/' + encodeURIComponent(id), { method: 'DELETE', keepalive: true });
  }
});
start();
