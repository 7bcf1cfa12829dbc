import { h } from './dom.js';

const TEXT = { connecting: 'Connecting…', reconnecting: 'Reconnecting…', ended: 'Ended', failed: 'Stopped' };

/** The live stream's status line (#stream-status) and the function that updates it from watch()'s reports. */
export function streamStatus() {
  const element = h('p', { id: 'stream-status', role: 'status', 'data-state': 'connecting', 'data-reconnects': '0' }, TEXT.connecting);
  const update = ({ state, reconnects, resumed }) => {
    element.dataset.state = state;
    element.dataset.reconnects = String(reconnects);
    element.textContent = state !== 'live' ? TEXT[state] ?? state
      : reconnects === 0 ? 'Live'
      : `Live (reconnected ${reconnects}×${resumed ? ', resumed' : ''})`;
  };
  return { element, update };
}
