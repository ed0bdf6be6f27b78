import type {
  ChangeOfferStatusRequest,
  CreateOfferRequest,
  Offer,
  Order,
  ReviseOfferRequest,
  SalesProfile,
  UpdateOfferRequest,
  UpdateSalesProfileRequest,
} from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const offersApi = {
  list: (dealId: string) => api.get<Offer[]>('/offers', { dealId }),
  create: (body: CreateOfferRequest) => api.post<Offer>('/offers', body),
  update: (id: string, body: UpdateOfferRequest) => api.patch<Offer>(`/offers/${id}`, body),
  setStatus: (id: string, body: ChangeOfferStatusRequest) => api.post<Offer>(`/offers/${id}/status`, body),
  revise: (id: string, body: ReviseOfferRequest = {}) => api.post<Offer>(`/offers/${id}/revise`, body),
  orders: (dealId: string) => api.get<Order[]>('/orders', { dealId }),
  markPaid: (id: string) => api.post<Order>(`/orders/${id}/paid`),
  salesProfile: (contactId: string) => api.get<SalesProfile>(`/contacts/${contactId}/sales-profile`),
  updateSalesProfile: (contactId: string, body: UpdateSalesProfileRequest) => api.patch<SalesProfile>(`/contacts/${contactId}/sales-profile`, body),
};
