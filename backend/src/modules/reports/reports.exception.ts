import { AppException } from '../../common/errors/app.exception';

export class ReportException extends AppException {}
