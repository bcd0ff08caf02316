/**
 * Ocean lets mapping authors write jq string literals in single quotes (`'"component"'` is the common case, but also
 * `.name + '-svc'`). Before compiling, it turns a single quote into a double quote when it opens a string (at the
 * start or after whitespace, not followed by whitespace or `"`) or closes one (not after whitespace or `"`, and
 * followed by whitespace or the end). This is the same rule (`JQEntityProcessor._format_filter` in port-ocean); the
 * replacement keeps the length, so error positions stay valid.
 */
export function oceanQuoteRewrite(expression: string): string {
  return expression.replace(
    /(^|\s)'(?!\s|")|(?<!\s|")'(\s|$)/g,
    (_match, before: string | undefined, after: string | undefined) =>
      `${before ?? ''}"${after ?? ''}`,
  );
}
