//! PG5: classes and objects.

use super::Rule;

mod abstractmethod_without_abc;
mod common;
mod concrete_dependency_in_init;
mod dataclass_mutable_default;
mod eq_no_notimplemented;
mod eq_without_hash;
mod init_missing_super;
mod monkey_patching;
mod mutable_class_attribute;
mod singleton_pattern;

pub const RULES: &[&dyn Rule] = &[
    &eq_without_hash::EqWithoutHash,
    &eq_no_notimplemented::EqNoNotimplemented,
    &init_missing_super::InitMissingSuper,
    &abstractmethod_without_abc::AbstractmethodWithoutAbc,
    &mutable_class_attribute::MutableClassAttribute,
    &dataclass_mutable_default::DataclassMutableDefault,
    &concrete_dependency_in_init::ConcreteDependencyInInit,
    &singleton_pattern::SingletonPattern,
    &monkey_patching::MonkeyPatching,
];
