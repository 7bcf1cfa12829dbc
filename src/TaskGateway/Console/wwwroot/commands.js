import { h } from './dom.js';

/** A shell word: single-quoted, a quote inside written as '\''. */
export function quote(word) {
  return `'${String(word).replace(/'/g, `'\\''`)}'`;
}

/** The ready-to-run commands for a task: buf curl (gRPC), curl (REST) and the CLI, with the credential as a variable. */
export function commandsFor(name, config) {
  const accepted = config.authentication ?? [];
  const grpc = `http://${location.hostname}:${config.grpcPort}`;
  const header = accepted.includes('apiKey') ? ` -H "x-api-key: $TASKGATEWAY_API_KEY"`
    : accepted.includes('jwt') ? ` -H "Authorization: Bearer $TASKGATEWAY_TOKEN"` : '';
  const rest = `${location.origin}/v1/${name.split('/').map(encodeURIComponent).join('/')}`;
  // The CLI sends API keys only (--api-key, or TASKGATEWAY_API_KEY from the environment).
  const cliNote = accepted.length > 0 && !accepted.includes('apiKey') ? '  # needs an API key: this gateway accepts bearer tokens only' : '';
  return {
    'buf-curl': `buf curl --protocol grpc --http2-prior-knowledge${header} ${quote(`${grpc}/taskgateway.v1.TaskService/GetTask`)} -d ${quote(JSON.stringify({ name }))}`,
    curl: `curl${header} ${quote(rest)}`,
    cli: `taskgateway-cli watch ${quote(name)} --address ${quote(grpc)}${cliNote}`,
  };
}

async function copy(button, code) {
  const text = code.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    // No clipboard (an insecure origin, a denied permission): select the command so the reader can copy it.
    const range = document.createRange();
    range.selectNodeContents(code);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    button.textContent = 'Selected';
  }

  setTimeout(() => { button.textContent = 'Copy'; }, 2000);
}

/** The commands block: <code id="cmd-…"> with a Copy button each. */
export function commandsBlock(name, config) {
  const labels = { 'buf-curl': 'buf curl (gRPC)', curl: 'curl (REST)', cli: 'CLI' };
  const commands = commandsFor(name, config);
  return h('div', { class: 'commands' }, Object.entries(commands).map(([key, text]) => {
    const code = h('code', { id: `cmd-${key}` }, text);
    const button = h('button', { type: 'button', class: 'copy', 'data-copy': key, 'aria-label': `Copy the ${labels[key]} command` }, 'Copy');
    button.addEventListener('click', () => copy(button, code));
    return h('div', { class: 'command' }, h('span', { class: 'command-label' }, labels[key]), code, button);
  }));
}
