import { z } from 'zod';
import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

documentRoutes({
  'GET /api/devices': { summary: 'Desk phones: own (Seller), everyone’s or one user’s (Head), with registration status', query: C.ListDevicesQuery, response: z.array(C.Device) },
  'POST /api/devices': { summary: 'Add a desk phone account; the only answer that ever carries its password', body: C.CreateDeviceRequest, response: C.CreatedDevice, status: 201 },
  'DELETE /api/devices/{id}': { summary: 'Remove a desk phone; its registration is dropped at once', status: 204 },
});
