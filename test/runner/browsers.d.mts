// Types of what the journey pages' WebKit test (server/test/browser/webdriver.ts) uses of browsers.mjs.
export declare const paths: {
  chromium: string;
  firefox: string;
  webkitDriver: string;
  miniBrowser: string;
};

export declare function startWebKitDriver(): Promise<{ port: number; stop: () => void }>;
