// Integer literals the query planner can read: graphql-js takes an ID (or Float) literal of any
// size, but the Hive Router runtime reads each as a 64-bit integer and failed the whole request
// ("number too small to fit in target type": HTTP 500) on `userId: 9223372036854775808`. Such a
// literal is BAD_USER_INPUT naming its argument, at validation; a larger id goes as a string.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import type { IntValueNode, ValidationContext } from 'graphql';
import { refusal } from './errors.ts';

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function literalRange(context: ValidationContext) {
  return {
    IntValue(node: IntValueNode) {
      const value = BigInt(node.value);
      if (value >= I64_MIN && value <= I64_MAX) return;
      const argument = context.getArgument()?.name;
      const refused = refusal('BAD_USER_INPUT', `${argument ?? 'An argument'}: the integer ${node.value.slice(0, 40)} is out of range (64 bits); give a larger ID as a string.`);
      if (argument) refused.extensions.field = argument;
      context.reportError(refused);
    },
  };
}

export const useLiteralRange = (): GatewayPlugin => ({
  onValidate({ addValidationRule }) {
    addValidationRule(literalRange);
  },
});
