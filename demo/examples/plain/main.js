import { mount } from 'confab/widget';

const server = import.meta.env.VITE_CONFAB_SERVER ?? 'http://localhost:3000';
const toggle = document.getElementById('toggle');
const lastMessage = document.getElementById('last-message');

/** One widget per page: mount() again only after unmount(). */
function start() {
  const widget = mount({ botKey: 'demo', server, title: 'Coffee help', primaryColor: '#6d4c41' });
  widget.on('message', (message) => {
    if (message.author !== 'visitor') lastMessage.textContent = `The bot said something (message ${message.seq}).`;
  });
  return widget;
}

let widget = start();
const show = () => (toggle.textContent = widget ? 'Remove the chat' : 'Add the chat');

document.getElementById('open').addEventListener('click', () => {
  widget ??= start();
  widget.open();
  show();
});
toggle.addEventListener('click', () => {
  if (widget) {
    widget.unmount();
    widget = null;
  } else {
    widget = start();
  }
  show();
});
