import { AppException } from '../../common/errors/app.exception';

export class DealException extends AppException {}
