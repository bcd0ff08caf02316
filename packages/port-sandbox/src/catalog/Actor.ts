/** Who is writing: `createdBy`/`updatedBy` come from the client id, `$datasource` from the User-Agent. */
export interface Actor {
  clientId: string;
  userAgent: string;
}
