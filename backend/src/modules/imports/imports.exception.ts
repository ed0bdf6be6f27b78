import { AppException } from '../../common/errors/app.exception';

export class ImportException extends AppException {}
