import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
// antd's styles as one prebuilt stylesheet (zero-runtime mode, see app/theme.ts), then ours. The
// build splits it: the first page's components in index.html, the rest later (app/styles.ts).
import 'antd/dist/antd.css';
import './app/global.css';
import { prefetch } from './api/prefetch.ts';
import { api } from './api/endpoints.ts';
import { INBOX_PAGE_SIZE } from './pages/inbox/InboxPage.tsx';

if (location.pathname === '/inbox' || location.pathname === '/') prefetch('inbox:mine:1', () => api.tasks({ scope: 'mine', limit: INBOX_PAGE_SIZE, offset: 0 }));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
