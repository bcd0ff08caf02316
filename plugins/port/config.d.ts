export interface Config {
  port?: {
    /**
     * Port's web app, for the "Open in Port" links of the entity card: `https://app.getport.io`
     * (EU, the default) or `https://app.us.getport.io` (US). The backend builds the links.
     * @visibility frontend
     */
    appUrl?: string;
  };
}
