// Types of what the journey pages' drivers (server/test/browser/puppeteer.ts, webdriver.ts) use of browsers.mjs.
export declare const paths: {
  chromium: string;
  firefox: string;
  webkitDriver: string;
  miniBrowser: string;
};

export declare const chromiumArgs: string[];

export declare function startWebKitDriver(): Promise<{ port: number; stop: () => void }>;
