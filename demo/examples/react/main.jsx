import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfabWidget } from 'confab/react';

const server = import.meta.env.VITE_CONFAB_SERVER ?? 'http://localhost:3000';

function App() {
  const [shown, setShown] = useState(true);
  const [theme, setTheme] = useState('light');
  const [unread, setUnread] = useState(0);
  const [messages, setMessages] = useState(0);
  return (
    <main>
      <h1>A React app</h1>
      <button id="toggle" type="button" onClick={() => setShown((s) => !s)}>
        {shown ? 'Remove the chat' : 'Add the chat'}
      </button>
      <button id="theme" type="button" onClick={() => setTheme((t) => (t === 'light' ? 'dark' : 'light'))}>
        Theme: {theme}
      </button>
      <p id="unread">Unread: {unread}</p>
      <p id="messages">Messages: {messages}</p>
      {shown && (
        <ConfabWidget
          botKey="demo"
          server={server}
          theme={theme}
          title="Coffee help"
          onUnread={setUnread}
          onMessage={() => setMessages((n) => n + 1)}
        />
      )}
    </main>
  );
}

createRoot(document.getElementById('app')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
