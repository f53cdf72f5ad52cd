import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './office.css';
import { LanguageProvider } from '../shared/i18n';
import { OfficeApp } from './App';
import { SessionProvider } from './session';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LanguageProvider>
        <SessionProvider>
          <OfficeApp />
        </SessionProvider>
      </LanguageProvider>
    </StrictMode>,
  );
}
