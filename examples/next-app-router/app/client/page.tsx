// A server component that renders a client component: the React wrapper
// needs the browser for its properties and events.
import { ClientSetup } from './client-setup';

export default function Page() {
  return (
    <>
      <h1>Set your account secret (React wrapper)</h1>
      <ClientSetup />
    </>
  );
}
