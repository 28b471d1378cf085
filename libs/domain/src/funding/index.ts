export {
  isCurrencyCode,
  minorUnitDigits,
  parseAmount,
  formatMinorUnits,
  atMinorUnits,
  formatMoney,
  convertByRate,
  type AmountParse,
  AMOUNT_STRING,
  AMOUNT_SHAPE_MESSAGE,
  MAX_AMOUNT_DIGITS,
} from './money';
export {
  checkFundingRule,
  computeFundingSplit,
  type FundingLine,
  type FundingRequest,
  type FundingRule,
  type FundingShareRule,
  type FundingSplit,
  type RuleAmount,
} from './funding-formula';
export { ratesNeeded } from './funding-rule-check';
export {
  COST_UNITS,
  priceCostItems,
  type CostItemDefinition,
  type CostItemInput,
  type CostUnit,
  type PricedCostItem,
} from './cost-items';
