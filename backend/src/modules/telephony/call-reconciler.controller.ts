import { Controller, HttpCode, Post } from '@nestjs/common';
import { Internal } from '../../common/access/access.decorators';
import { CallReconciler, type ReconcileResult } from './call-reconciler';

@Controller('internal/telephony')
export class CallReconcilerController {
  constructor(private readonly reconciler: CallReconciler) {}

  /** Reconcile presence and open calls against the SIP server's live dialogs now (the bridge asks
   * when Kamailio restarted or it reconnected). */
  @Post('reconcile')
  @HttpCode(200)
  @Internal()
  reconcile(): Promise<ReconcileResult> {
    return this.reconciler.reconcile();
  }
}
