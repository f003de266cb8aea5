import type { Deps } from '../../platform/deps';
import type { ZApp } from '../../platform/http/types';

/** 互助申请：受理、材料、自动核算、审核、支付、冲销 / claims: intake, documents, adjudication, review, payment, reversal. */
export function registerClaimRoutes(_app: ZApp, _deps: Deps): void {}
