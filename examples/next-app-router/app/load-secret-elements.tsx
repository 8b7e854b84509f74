'use client';
import { useEffect } from 'react';

/** Loads the element's script in the browser only; it upgrades the server's markup in place. */
export function LoadSecretElements() {
  useEffect(() => {
    void import('account-secret-elements/secret-setup.js');
  }, []);
  return null;
}
