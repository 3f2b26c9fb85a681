// Render functions rather than templates: no compiler needed, in the app or in its build.
import { createApp, h, ref } from 'vue';
import { ConfabWidget } from 'confab/vue';

const server = import.meta.env.VITE_CONFAB_SERVER ?? 'http://localhost:3000';

createApp({
  setup() {
    const shown = ref(true);
    const messages = ref(0);
    return () =>
      h('main', [
        h('h1', 'A Vue app'),
        h('button', { id: 'toggle', type: 'button', onClick: () => (shown.value = !shown.value) }, shown.value ? 'Remove the chat' : 'Add the chat'),
        h('p', { id: 'messages' }, `Messages: ${messages.value}`),
        shown.value ? h(ConfabWidget, { botKey: 'demo', server, title: 'Coffee help', onMessage: () => (messages.value += 1) }) : null,
      ]);
  },
}).mount('#app');
