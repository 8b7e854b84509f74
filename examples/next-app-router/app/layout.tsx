import type { ReactNode } from 'react';

export const metadata = { title: 'Account secret: Next.js App Router example' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}
