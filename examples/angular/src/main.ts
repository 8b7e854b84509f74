import { bootstrapApplication } from '@angular/platform-browser';
import 'account-secret-elements/secret-setup.js'; // registers <secret-setup> only
import { startMockWorker } from 'account-secret-elements/mocks/browser';
import { AppComponent } from './app/app.component';

// This example has no backend: the package's MSW mocks answer
// /api/account-secret in the page (`npx msw init public --save` put the
// worker in public/). A real app leaves this line out.
await startMockWorker();

bootstrapApplication(AppComponent).catch((error: unknown) => console.error(error));
