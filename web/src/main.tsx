// Before anything that builds a zod schema (see the module, and vite.config.ts).
import './zod-without-eval.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { I18nProvider } from './i18n/i18n-context.tsx';
import { prefetchPlan } from './plan/use-plan-document.ts';
import { SessionProvider } from './session/session-context.tsx';
import './styles.css';

// Opening a plan's address: fetch the plan now, alongside the session check.
const planAddress = /^\/plans\/([^/]+)/.exec(window.location.pathname);
if (planAddress) prefetchPlan(decodeURIComponent(planAddress[1]!));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
