package dev.copilotj.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.copilotj.event.EventInfo;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.ToolRequest;
import dev.copilotj.event.UnknownSessionEvent;
import org.junit.jupiter.api.Test;

/** Keeps the event records and the decoder's table in step, and Jackson out of the public types. */
class SessionEventDecoderApiTest {

  @Test
  void everyRecordHasItsTypeConstantAndADecoder() throws Exception {
    Set<String> typeConstants = new HashSet<>();
    for (Class<?> type : SessionEvent.class.getPermittedSubclasses()) {
      if (type == UnknownSessionEvent.class) {
        continue; // a class, so its JSON text can be made lazily
      }
      assertThat(type.isRecord()).as(type.getName()).isTrue();
      RecordComponent[] components = type.getRecordComponents();
      assertThat(components[0].getName()).as(type.getName()).isEqualTo("info");
      assertThat(components[0].getType()).isEqualTo(EventInfo.class);
      Field field = type.getField("TYPE");
      assertThat(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()))
          .isTrue();
      String name = (String) field.get(null);
      assertThat(typeConstants.add(name)).as("duplicate TYPE %s", name).isTrue();
    }
    assertThat(SessionEventDecoder.knownTypes()).containsExactlyInAnyOrderElementsOf(typeConstants);
  }

  @Test
  void noJacksonTypeInThePublicEventApi() {
    List<Class<?>> types = new ArrayList<>(List.of(SessionEvent.class.getPermittedSubclasses()));
    types.add(SessionEvent.class);
    types.add(EventInfo.class);
    types.add(ToolRequest.class);
    for (Class<?> type : types) {
      for (Method method : type.getMethods()) {
        assertNotJackson(type, method.getGenericReturnType());
        for (Type parameter : method.getGenericParameterTypes()) {
          assertNotJackson(type, parameter);
        }
      }
    }
  }

  private static void assertNotJackson(Class<?> owner, Type type) {
    assertThat(type.getTypeName()).as(owner.getName()).doesNotContain("com.fasterxml");
  }
}
