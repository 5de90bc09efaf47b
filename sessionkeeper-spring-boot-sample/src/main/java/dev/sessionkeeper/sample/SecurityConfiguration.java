package dev.sessionkeeper.sample;

import dev.sessionkeeper.spring.session.SessionKeeperSession;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

/** Form login, at most two sessions per user (the oldest is signed out), Spring Security's own registry. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain security(HttpSecurity http, SessionKeeperSessionRepository sessions) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/login", "/expired", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .sessionManagement(s -> s.maximumSessions(2)
                        .sessionRegistry(new SpringSessionBackedSessionRegistry<SessionKeeperSession>(sessions)));
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}password").roles("USER").build(),
                User.withUsername("bob").password("{noop}password").roles("USER").build());
    }
}
