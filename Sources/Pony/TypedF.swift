/// Django's `F("views")`, typed: the field at `field`, in an expression the database computes
/// (`Task.objects.update(\.views, to: F(\.views) + 1)`), checked by the compiler.
///
/// `F("views")` (the untyped ``PonyORM/F``, for lookup paths in strings) keeps working beside
/// it: a key path picks this function, a string the type's initialiser. (A function and a type
/// cannot share a name within one module, hence this one lives in the facade.)
public func F<M: Model, V: ModelValue>(_ field: KeyPath<M, V>) -> FieldExpression<M, V> {
    FieldExpression(field)
}
