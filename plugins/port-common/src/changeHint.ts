/**
 * The events topic on which the catalog module publishes change hints.
 *
 * @public
 */
export const PORT_CHANGE_HINT_TOPIC = 'portsync.entity-hint';

/**
 * Payload of a change hint: the ref of an entity whose processed content
 * changed. It is only a hint: the `port` plugin reads the entity again.
 *
 * @public
 */
export interface PortChangeHint {
  entityRef: string;
}
