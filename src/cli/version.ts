/** nfverify's version, in one place (the CLI's --version and SARIF's tool.driver.version). */
export const VERSION = '0.1.0';
