import { Flex, Text } from '@backstage/ui';

/** A mapping expression that failed, in the shape both the entity state and `/preview` give. */
export interface FieldErrorItem {
  blueprint?: string;
  field: string;
  expression?: string;
  message: string;
}

export function FieldErrorList({ errors }: { errors: FieldErrorItem[] }) {
  if (errors.length === 0) return null;
  return (
    <Flex direction="column" gap="1">
      <Text variant="body-medium" weight="bold" color="danger">
        Field errors
      </Text>
      <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
        {errors.map((e, i) => (
          <li key={i}>
            <Text variant="body-medium">
              {e.blueprint ? `${e.blueprint}.` : ''}
              {e.field}
              {e.expression ? (
                <>
                  {' '}
                  <code>{e.expression}</code>
                </>
              ) : null}
              : {e.message}
            </Text>
          </li>
        ))}
      </ul>
    </Flex>
  );
}
